package kassa

// The compilation cache: wazero's machine code for the embedded module, kept on disk so that a new process
// skips the compile (about 1 s on a small machine) and starts in milliseconds. On by default.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tetratelabs/wazero"
)

// CacheDirEnv names the environment variable that moves the default compilation cache (a directory), or
// turns it off (the value "off"). WithCompilationCacheDir overrides it.
const CacheDirEnv = "KASSA_CACHE_DIR"

// cacheChoice is where the compiled module is cached: dir is "" when there is no cache; explicit says the
// caller asked for dir (then failing to use it is an error; the default cache is best effort).
type cacheChoice struct {
	dir      string
	explicit bool
}

// defaultCache is $KASSA_CACHE_DIR, else the user's cache directory (os.UserCacheDir: $XDG_CACHE_HOME or
// ~/.cache on Linux, ~/Library/Caches on macOS, %LocalAppData% on Windows) joined with "kassa".
func defaultCache() cacheChoice {
	if v, ok := os.LookupEnv(CacheDirEnv); ok {
		if v == "off" || v == "" {
			return cacheChoice{}
		}
		return cacheChoice{dir: v}
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return cacheChoice{} // no home directory: run without a cache
	}
	return cacheChoice{dir: filepath.Join(base, "kassa")}
}

// moduleCacheDir is the directory for this build of the engine: keyed by the embedded wasm's sha256, so that
// an entry that cannot be read is removed with its siblings and nothing else. wazero adds its own version,
// OS and architecture below it, and keys each entry by the module's hash and the CPU's features.
func moduleCacheDir(root string) string {
	return filepath.Join(root, "wazero", wasmSHA256()[:32])
}

// openCache opens the cache of the chosen directory; nil (and no error) when there is none or the default
// one cannot be created (a read-only home, say): the Runtime then compiles without it.
func openCache(c cacheChoice) (wazero.CompilationCache, error) {
	if c.dir == "" {
		return nil, nil
	}
	cache, err := wazero.NewCompilationCacheWithDir(moduleCacheDir(c.dir))
	if err != nil {
		if c.explicit {
			return nil, fmt.Errorf("kassa: compilation cache: %w", err)
		}
		return nil, nil
	}
	return cache, nil
}

// dropCache removes this engine's cache directory after an entry failed to load (a truncated or corrupted
// file fails wazero's checksum, and wazero then fails the compile instead of compiling afresh). wazero writes
// every entry to a temporary file and renames it into place, so processes that read the directory at the
// same time keep their open file; the next compile writes a fresh entry.
func dropCache(ctx context.Context, cache wazero.CompilationCache, c cacheChoice) error {
	err := cache.Close(ctx)
	return errors.Join(err, os.RemoveAll(moduleCacheDir(c.dir)))
}
