// Browser edition (`xinfang serve`): the document PDFs go to the browser instead of a viewer or
// printer on the server's side — shown in the browser's own PDF view, printed through its print
// dialog, or downloaded. The bytes come from `/__xinfang/file` (token in the header).

import { fetchFile, saveBlob } from '../api'

export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() || '文书.pdf'
}

async function pdfUrl(path: string): Promise<string> {
  const blob = await fetchFile('document', { path }, fileNameOf(path))
  return URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }))
}

/** Opens a tab now, while the click still counts as the user's (popup blockers), to fill later. */
export function reserveTab(): Window | null {
  const w = window.open('', '_blank')
  if (w) w.document.title = '正在打开文书…'
  return w
}

/** The PDF in the browser's viewer: in `tab` (from reserveTab) or a new tab. */
export async function showPdf(path: string, tab: Window | null = null): Promise<void> {
  try {
    const url = await pdfUrl(path)
    if (tab) tab.location.href = url
    else window.open(url, '_blank')
  } catch (e) {
    tab?.close()
    throw e
  }
}

/** The browser's print dialog for the PDF (a hidden frame with the browser's PDF view). */
export async function printPdf(path: string): Promise<void> {
  const url = await pdfUrl(path)
  // Headless test browsers have no print dialog (print() there takes the page down): the
  // end-to-end test sets this hook and checks the PDF that would be printed.
  const hook = (window as unknown as { xinfangPrintHook?: (u: string) => void }).xinfangPrintHook
  if (hook) return hook(url)
  const frame = document.createElement('iframe')
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0'
  frame.dataset.test = 'print-frame'
  frame.src = url
  frame.onload = () => {
    setTimeout(() => {
      try {
        frame.contentWindow?.focus()
        frame.contentWindow?.print()
      } catch {
        // A browser that cannot print from a frame: show the PDF, its toolbar has 打印.
        window.open(url, '_blank')
      }
    }, 300)
  }
  document.body.appendChild(frame)
  // Long enough for the dialog; the frame goes after.
  setTimeout(() => {
    frame.remove()
    URL.revokeObjectURL(url)
  }, 10 * 60_000)
}

export async function downloadPdf(path: string): Promise<void> {
  saveBlob(await fetchFile('document', { path }, fileNameOf(path)), fileNameOf(path))
}
