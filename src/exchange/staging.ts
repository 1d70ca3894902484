import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An uploaded file kept between the preview and the commit, bound to the account and the session that sent it. */
export interface StagedImport {
  id: string;
  userId: number;
  sessionId: string;
  fileName: string;
  createdAt: number;
  /** HSDS packages: thèmes chosen in the preview for unmatched terms (term id → thème slug). */
  termThemes?: Record<string, string>;
}

export const STAGING_TTL_MS = 60 * 60 * 1000;

/** Uploaded files wait in a private temp folder (mode 0700), never in the database or the session. */
export class ImportStaging {
  constructor(private readonly dir = path.join(os.tmpdir(), `repertoire-imports-${process.getuid?.() ?? 'user'}`)) {}

  private paths(id: string) {
    if (!/^[A-Za-z0-9_-]{22,}$/.test(id)) return null;
    return { meta: path.join(this.dir, `${id}.json`), data: path.join(this.dir, `${id}.bin`) };
  }

  save(bytes: Uint8Array, info: Omit<StagedImport, 'id' | 'createdAt'>): StagedImport {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.purgeExpired();
    const staged: StagedImport = { ...info, id: crypto.randomBytes(18).toString('base64url'), createdAt: Date.now() };
    const files = this.paths(staged.id)!;
    fs.writeFileSync(files.data, bytes, { mode: 0o600 });
    fs.writeFileSync(files.meta, JSON.stringify(staged), { mode: 0o600 });
    return staged;
  }

  /** The staged import if it exists, has not expired and belongs to this account and session. */
  find(id: string, owner: { userId: number; sessionId: string }): { staged: StagedImport; bytes: Uint8Array } | null {
    const files = this.paths(id);
    if (!files) return null;
    try {
      const staged = JSON.parse(fs.readFileSync(files.meta, 'utf8')) as StagedImport;
      if (staged.userId !== owner.userId || staged.sessionId !== owner.sessionId) return null;
      if (Date.now() - staged.createdAt > STAGING_TTL_MS) {
        this.remove(id);
        return null;
      }
      return { staged, bytes: fs.readFileSync(files.data) };
    } catch {
      return null;
    }
  }

  /** Keeps the thèmes chosen for an HSDS package's terms with the staged file. */
  setTermThemes(staged: StagedImport, termThemes: Record<string, string>): void {
    const files = this.paths(staged.id);
    if (!files) return;
    fs.writeFileSync(files.meta, JSON.stringify({ ...staged, termThemes }), { mode: 0o600 });
  }

  remove(id: string): void {
    const files = this.paths(id);
    if (!files) return;
    fs.rmSync(files.meta, { force: true });
    fs.rmSync(files.data, { force: true });
  }

  purgeExpired(now = Date.now()): void {
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(this.dir, name);
      try {
        if (now - fs.statSync(full).mtimeMs > STAGING_TTL_MS) fs.rmSync(full, { force: true });
      } catch {
        // Another request removed it first.
      }
    }
  }
}
