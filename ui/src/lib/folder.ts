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

/** The desktop app's native 另存为 dialog; null when cancelled or not in the desktop app. */
export async function pickSavePath(defaultPath: string, format: 'xlsx' | 'csv'): Promise<string | null> {
  if (!inTauri()) return null
  const { save } = await import('@tauri-apps/plugin-dialog')
  const filters = format === 'xlsx' ? [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] : [{ name: 'CSV 文件', extensions: ['csv'] }]
  return (await save({ title: '导出台账', defaultPath: defaultPath || undefined, filters })) ?? null
}

/** The desktop app's native 打开 dialog for a spreadsheet (or a folder); null when cancelled. */
export async function pickOpenPath(opts: { title: string; directory?: boolean; defaultPath?: string }): Promise<string | null> {
  if (!inTauri()) return null
  const { open } = await import('@tauri-apps/plugin-dialog')
  const picked = await open({
    title: opts.title,
    directory: opts.directory ?? false,
    multiple: false,
    defaultPath: opts.defaultPath || undefined,
    filters: opts.directory ? undefined : [{ name: '表格文件', extensions: ['xlsx', 'xls', 'ods', 'csv'] }],
  })
  return typeof picked === 'string' ? picked : null
}
