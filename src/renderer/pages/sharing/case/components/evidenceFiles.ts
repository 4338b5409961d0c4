import { EVIDENCE_MAX_BYTES_DEFAULT, EVIDENCE_TYPES } from '../../../../../shared/sharing';

export const EVIDENCE_EXTENSIONS = Object.keys(EVIDENCE_TYPES);
export const MAX_MB = EVIDENCE_MAX_BYTES_DEFAULT / 1024 / 1024;

export const extensionOf = (name: string) => (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '');

/** Checked before anything is sent: a 60 MB video should not travel to the core to be refused there. */
export function evidenceProblem(file: { name: string; size: number }): 'type' | 'size' | null {
  if (!EVIDENCE_TYPES[extensionOf(file.name)]) return 'type';
  if (file.size > EVIDENCE_MAX_BYTES_DEFAULT) return 'size';
  return null;
}

export function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * A data: URL for an image, typed by what its bytes are (PNG or JPEG), never by the name or the
 * server's word: anything else gets no preview, so a disguised HTML or SVG file is never rendered.
 */
export function imageDataUrl(bytes: Uint8Array): string | null {
  const png = EVIDENCE_TYPES.png!;
  const jpg = EVIDENCE_TYPES.jpg!;
  const mime = startsWith(bytes, png.magic!) ? png.mime : startsWith(bytes, jpg.magic!) ? jpg.mime : null;
  if (!mime) return null;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${mime};base64,${btoa(binary)}`;
}

export const isImage = (mime: string) => mime === 'image/png' || mime === 'image/jpeg';

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
