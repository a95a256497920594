/* Test infrastructure only (issue #18): Wine 8 has no bcryptprimitives.dll, whose
 * ProcessPrng Rust's std (>= 1.78) imports on Windows. This shim forwards it to
 * BCryptGenRandom so the cross-built binaries start under Wine. Never shipped. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
