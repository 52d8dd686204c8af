// Command server is an example checkout backend: the frontend prices the cart itself (with the same engine,
// in the browser) and posts the cart together with the quote it showed; the server prices the cart again
// with the rulebook it trusts and answers whether the two agree. Only a cart whose quote matches should
// go on to payment.
//
//	go run ./examples/server -rulebook ../../examples/rulebook.json
//	curl -d '{"cart": {...}, "quote": {"currency": "EUR", "grand-total": "12.34"}}' 127.0.0.1:8080/checkout/verify
//
// The request and the answer ({"matches", "differences", "cart-sha256", "quote"}) are in docs/wire.md,
// "Verifying a client's quote"; the Python example service answers the same bytes.
//
// It listens on the loopback interface only, unless -addr says otherwise (-addr :8080 for every interface).
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/otel"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

// flags are the command line: where the rulebook is, where to listen, which compilation cache to use.
type flags struct {
	rulebook, addr string
	runtime        []kassa.RuntimeOption
}

func parseFlags(args []string) (flags, error) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	rulebook := fs.String("rulebook", "rulebook.json", "the rulebook (JSON) to price with")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (\":8080\": every interface)")
	cacheDir := fs.String("cache", "", "compilation cache directory (default: the user's cache directory, "+
		"or $KASSA_CACHE_DIR; \"off\": no cache)")
	if err := fs.Parse(args); err != nil {
		return flags{}, err
	}
	f := flags{rulebook: *rulebook, addr: *addr}
	switch *cacheDir {
	case "": // the default cache
	case "off":
		f.runtime = append(f.runtime, kassa.WithCompilationCacheDir(""))
	default:
		f.runtime = append(f.runtime, kassa.WithCompilationCacheDir(*cacheDir))
	}
	return f, nil
}

func main() {
	f, err := parseFlags(os.Args[1:])
	if err != nil {
		os.Exit(2)
	}
	ctx := context.Background()
	rulebook, err := os.ReadFile(f.rulebook)
	if err != nil {
		log.Fatal(err)
	}
	rt, err := kassa.NewRuntime(ctx, f.runtime...)
	if err != nil {
		log.Fatal(err)
	}
	defer rt.Close(ctx)
	eng, err := rt.Load(ctx, rulebook)
	if err != nil {
		log.Fatalf("%s: %v", f.rulebook, err) // a *kassa.Error: every problem of the rulebook
	}
	info := eng.Info()
	log.Printf("rulebook %s %s (sha256 %.12s), engine %s, wasm %.12s", info.RulebookID, info.RulebookVersion,
		info.RulebookHash, info.EngineVersion, kassa.WasmSHA256())

	srv := &http.Server{Handler: newHandler(rt, eng, otel.GetTracerProvider()), ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		log.Fatal(err)
	}
	// The address as bound: with -addr 127.0.0.1:0 the system picks a free port (the end-to-end test reads it).
	log.Printf("listening on http://%s", ln.Addr())
	log.Fatal(srv.Serve(ln))
}
