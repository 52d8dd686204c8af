// Command kassa-conformance-go is the Go host's conformance runner: it reads requests as JSON lines on stdin
// and writes one canonical JSON response per request, calling only the public API of the Go module (the
// protocol is in conformance/README.md). Build it with `make runner-go`.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

type request struct {
	ID       string          `json:"id"`
	Op       string          `json:"op"`
	Rulebook *string         `json:"rulebook"`
	Input    json.RawMessage `json:"input"`
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kassa-conformance-go:", err)
		os.Exit(2)
	}
}

func run(stdin io.Reader, stdout io.Writer) error {
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	hello := map[string]any{"hello": map[string]string{
		"host":             "go",
		"runtime":          runtime.Version() + " wazero " + moduleVersion("github.com/tetratelabs/wazero"),
		"component-sha256": kassa.WasmSHA256(),
	}}
	if err := enc.Encode(hello); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	h := &handler{ctx: context.Background(), engines: map[string]loaded{}, replays: map[[2]string]replayLoaded{}}
	in := bufio.NewReader(stdin)
	for {
		line, err := in.ReadBytes('\n') // no line-length limit: a rulebook can be megabytes
		if len(line) > 0 && !isBlank(line) {
			var req request
			var resp map[string]any
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				resp = map[string]any{"id": nil, "error": hostError(fmt.Errorf("bad request: %w", jerr))}
			} else if result, rerr := h.handle(&req); rerr != nil {
				resp = map[string]any{"id": req.ID, "error": wireError(rerr)}
			} else if text, ok := result.(wireText); ok {
				resp = map[string]any{"id": req.ID, "wire": string(text)}
			} else {
				resp = map[string]any{"id": req.ID, "result": result}
			}
			if err := enc.Encode(resp); err != nil {
				return err
			}
			if err := out.Flush(); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// wireText is what a JSON entry point answers: the engine's canonical JSON text, sent as the response's "wire"
// string for the driver to compare byte for byte.
type wireText []byte

func isBlank(line []byte) bool {
	for _, b := range line {
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return false
		}
	}
	return true
}

// wireError is the canonical JSON of an error: a Kassa error as is, anything else as host-error.
func wireError(err error) any {
	var kerr *kassa.Error
	if errors.As(err, &kerr) {
		return kerr
	}
	return hostError(err)
}

func hostError(err error) map[string]any {
	return map[string]any{"code": "host-error", "path": "", "message": err.Error(), "params": []any{}, "problems": []any{}}
}

func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == path {
				return d.Version
			}
		}
	}
	return "unknown"
}
