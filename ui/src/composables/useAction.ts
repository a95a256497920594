// What every case-action dialog shares: open state, busy state, the call, the Chinese error
// toast, and handing the fresh case view back to the page after success.
import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { call } from '../api'
import { showError } from '../lib/errors'
import type { CaseView } from '../lib/types'
export { opt } from '../lib/actionArgs'

export function useAction(onUpdated: (view: CaseView) => void) {
  const open = ref(false)
  const busy = ref(false)

  /** Calls `command`; on success closes the dialog, shows `ok` and refreshes the page's case. */
  async function run(command: string, args: object, ok: string): Promise<boolean> {
    busy.value = true
    try {
      // Each dialog sends its own command's arguments (the core checks them and names a bad field).
      const view = (await call(command as 'case_sign', args as never)) as CaseView
      onUpdated(view)
      open.value = false
      ElMessage.success(ok)
      return true
    } catch (e) {
      showError(e)
      return false
    } finally {
      busy.value = false
    }
  }

  return { open, busy, run }
}

/** Element Plus rule: required, with a Chinese message. */
export function req(message: string, trigger = 'change') {
  return [{ required: true, whitespace: true, message, trigger }]
}
