package kassa

// The compilation cache across processes: the test binary runs itself as a child process (the helper below)
// that creates a Runtime with default options, so KASSA_CACHE_DIR is the only thing pointing it at a
// directory, exactly as for a user's program.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

const cacheHelperEnv = "KASSA_TEST_CACHE_HELPER"

// TestCacheHelperProcess is not a test: it is the child process of the tests below.
func TestCacheHelperProcess(t *testing.T) {
	if os.Getenv(cacheHelperEnv) == "" {
		t.Skip("helper process of the compilation cache tests")
	}
	ctx := context.Background()
	r, err := NewRuntime(ctx)
	if err != nil {
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		os.Exit(3)
	}
	v, err := r.Round(ctx, "2.5", 0, RoundHalfEven)
	if err != nil {
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		os.Exit(3)
	}
	os.Stdout.WriteString("round=" + v + "\n")
	os.Exit(0)
}

// startHelper runs the helper with KASSA_CACHE_DIR=dir; it must print 2.5 rounded half-even to 0 places: 2.
func startHelper(t *testing.T, dir string) func() {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCacheHelperProcess$")
	cmd.Env = append(os.Environ(), cacheHelperEnv+"=1", CacheDirEnv+"="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		err := cmd.Wait()
		if err != nil || !strings.Contains(out.String(), "round=2\n") {
			t.Fatalf("helper process: %v\n%s", err, out.String())
		}
	}
}

func runHelper(t *testing.T, dir string) { t.Helper(); startHelper(t, dir)() }

// cacheEntries lists the files under dir (wazero's entries, and any temporary file left behind).
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

func TestCacheSecondProcessReadsTheEntry(t *testing.T) {
	dir := t.TempDir()
	runHelper(t, dir)
	files := cacheEntries(t, dir)
	if len(files) != 1 || !strings.HasPrefix(files[0], moduleCacheDir(dir)+string(filepath.Separator)) {
		t.Fatalf("want one entry under %s, got %v", moduleCacheDir(dir), files)
	}
	before := inode(t, files[0])
	runHelper(t, dir)
	// wazero writes an entry only after compiling, by renaming a new file into place: an entry with the same
	// inode and no other file means the second process compiled nothing and took the code from the cache.
	if after := cacheEntries(t, dir); len(after) != 1 || after[0] != files[0] || inode(t, files[0]) != before {
		t.Fatalf("the second process rewrote the cache: %v", after)
	}
}

func TestCacheCorruptEntryIsIgnoredAndRewritten(t *testing.T) {
	dir := t.TempDir()
	runHelper(t, dir)
	entry := cacheEntries(t, dir)[0]
	good, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"flipped bytes": flipMiddle(good),
		"truncated":     good[:len(good)/2],
		"empty":         {},
	} {
		if err := os.WriteFile(entry, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		runHelper(t, dir) // must still answer
		again, err := os.ReadFile(entry)
		if err != nil || !bytes.Equal(again, good) {
			t.Fatalf("%s: the entry was not rewritten (err %v, %d bytes, want %d)", name, err, len(again), len(good))
		}
	}
}

func flipMiddle(b []byte) []byte {
	out := bytes.Clone(b)
	for i := len(out) / 2; i < len(out)/2+64 && i < len(out); i++ {
		out[i] ^= 0xff
	}
	return out
}

func TestCacheConcurrentFirstStarts(t *testing.T) {
	dir := t.TempDir()
	const n = 4
	waits := make([]func(), n)
	for i := range waits {
		waits[i] = startHelper(t, dir)
	}
	var wg sync.WaitGroup
	for _, w := range waits {
		wg.Add(1)
		go func() { defer wg.Done(); w() }()
	}
	wg.Wait()
	// Every writer renamed a complete file into place: one entry, no temporary file left.
	if files := cacheEntries(t, dir); len(files) != 1 || strings.HasSuffix(files[0], ".tmp") {
		t.Fatalf("want exactly one cache entry, got %v", files)
	}
}

func TestCacheOffAndExplicitDir(t *testing.T) {
	t.Setenv(CacheDirEnv, "off")
	if c := defaultCache(); c.dir != "" {
		t.Fatalf("KASSA_CACHE_DIR=off: want no cache, got %q", c.dir)
	}
	dir := t.TempDir()
	t.Setenv(CacheDirEnv, filepath.Join(dir, "env"))
	if c := defaultCache(); c.dir != filepath.Join(dir, "env") || c.explicit {
		t.Fatalf("KASSA_CACHE_DIR: got %+v", c)
	}
	t.Setenv(CacheDirEnv, "")
	os.Unsetenv(CacheDirEnv)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "xdg"))
	if c := defaultCache(); c.dir != filepath.Join(dir, "xdg", "kassa") {
		t.Fatalf("default: want $XDG_CACHE_HOME/kassa, got %q", c.dir)
	}
	ctx := context.Background()
	r, err := NewRuntime(ctx, WithCompilationCacheDir(""))
	if err != nil {
		t.Fatal(err)
	}
	if r.cache != nil {
		t.Fatal(`WithCompilationCacheDir(""): want no cache`)
	}
	_ = r.Close(ctx)
	// An explicit directory that cannot be created is an error (the default cache would be skipped).
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRuntime(ctx, WithCompilationCacheDir(filepath.Join(file, "sub"))); err == nil {
		t.Fatal("want an error for a cache directory below a file")
	}
	t.Setenv(CacheDirEnv, filepath.Join(file, "sub"))
	r, err = NewRuntime(ctx)
	if err != nil {
		t.Fatalf("an unusable default cache must not fail NewRuntime: %v", err)
	}
	_ = r.Close(ctx)
}
