// Command server is an example checkout backend: the frontend prices the cart itself (with the same engine,
// in the browser) and posts the cart together with the quote it showed; the server prices the cart again
// with the rulebook it trusts and answers whether the two agree. Only a cart whose quote matches should
// go on to payment.
//
//	go run ./examples/server -rulebook ../../examples/rulebook.json
//	curl -d '{"cart": {...}, "quote": {"grand-total": "12.34", ...}}' 127.0.0.1:8080/checkout/verify
//
// It listens on the loopback interface only, unless -addr says otherwise (-addr :8080 for every interface).
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"
	"time"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

func main() {
	rulebookPath := flag.String("rulebook", "rulebook.json", "the rulebook (JSON) to price with")
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (\":8080\": every interface)")
	cacheDir := flag.String("cache", "", "compilation cache directory (default: the user's cache directory, "+
		"or $KASSA_CACHE_DIR; \"off\": no cache)")
	flag.Parse()

	ctx := context.Background()
	rulebook, err := os.ReadFile(*rulebookPath)
	if err != nil {
		log.Fatal(err)
	}
	var opts []kassa.RuntimeOption
	switch *cacheDir {
	case "": // the default cache
	case "off":
		opts = append(opts, kassa.WithCompilationCacheDir(""))
	default:
		opts = append(opts, kassa.WithCompilationCacheDir(*cacheDir))
	}
	rt, err := kassa.NewRuntime(ctx, opts...)
	if err != nil {
		log.Fatal(err)
	}
	defer rt.Close(ctx)
	eng, err := rt.Load(ctx, rulebook)
	if err != nil {
		log.Fatalf("%s: %v", *rulebookPath, err) // a *kassa.Error: every problem of the rulebook
	}
	info := eng.Info()
	log.Printf("rulebook %s %s (sha256 %.12s), engine %s, wasm %.12s", info.RulebookID, info.RulebookVersion,
		info.RulebookHash, info.EngineVersion, kassa.WasmSHA256())

	srv := &http.Server{Addr: *addr, Handler: newHandler(eng), ReadHeaderTimeout: 5 * time.Second}
	log.Printf("listening on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}
