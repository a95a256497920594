import { ElMessage } from 'element-plus'
import { ApiError } from '../api'

/** Shows a failed call's Chinese message; anything else gets a generic one. */
export function showError(e: unknown) {
  // A locked desk shows the lock screen instead of a toast per refused call.
  if (e instanceof ApiError && e.code === 'locked') return
  const msg = e instanceof ApiError ? e.message : e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message) ? e.message : '操作失败，请重试。'
  ElMessage.error({ message: msg, duration: 6000, showClose: true })
}
