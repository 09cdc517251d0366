// How the stack finds and keys Supabase Storage's source (stack/lib/storage.ts), and the sizes it
// reads from config.toml. The build itself is exercised by every stack start.
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../stack/lib/config.ts";
import { locateSource, parseSize, storageCommit } from "../stack/lib/storage.ts";
import { buckets } from "../supabase/functions/_shared/contract/buckets.generated.ts";

const saved = process.env.GATHERHUB_STORAGE_SRC;
afterEach(() => {
  if (saved === undefined) delete process.env.GATHERHUB_STORAGE_SRC;
  else process.env.GATHERHUB_STORAGE_SRC = saved;
});

describe("Supabase Storage source", () => {
  it("uses the vendored archive beside the project, keyed by the commit git archive wrote into it", () => {
    delete process.env.GATHERHUB_STORAGE_SRC;
    const source = locateSource();
    expect(source).toMatchObject({ kind: "archive", key: storageCommit });
    expect(source.location).toMatch(/shared\/vendor\/supabase-storage-4fa61fba9371\.tar\.gz$/);
  });

  it("GATHERHUB_STORAGE_SRC wins, and a wrong one is one clear line", () => {
    process.env.GATHERHUB_STORAGE_SRC = "/nowhere/storage";
    expect(() => locateSource()).toThrow(/GATHERHUB_STORAGE_SRC=\/nowhere\/storage does not exist: point it at a checkout or \.tar\.gz/);
  });

  it("config.toml's Storage cap is read in bytes and covers every bucket's limit", () => {
    expect(parseSize({ file_size_limit: "5MiB" })).toBe(5 * 1024 * 1024);
    expect(parseSize({ file_size_limit: "500KB" })).toBe(500 * 1024);
    expect(parseSize({ file_size_limit: 1024 })).toBe(1024);
    const cap = parseSize(readConfig().storage);
    for (const bucket of Object.values(buckets)) expect(bucket.fileSizeLimit).toBeLessThanOrEqual(cap);
  });
});
