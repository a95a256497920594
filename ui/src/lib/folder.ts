// The folder the clerk keeps exports and document PDFs in. In the desktop app it defaults to
// the user's 文档 folder (Tauri's path API, allowed by core:default); in a browser the disk is
// unknown, so the clerk types a full path once and it is remembered.

import { inTauri } from '../api'
import { savedFolder } from './exchange'

export async function defaultFolder(): Promise<string> {
  const saved = savedFolder()
  if (saved) return saved
  if (!inTauri()) return ''
  try {
    const { documentDir } = await import('@tauri-apps/api/path')
    return await documentDir()
  } catch {
    return ''
  }
}
