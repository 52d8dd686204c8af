// Command server is an example checkout backend: the frontend prices the cart itself (with the same engine,
// in the browser) and posts the cart together with the quote it showed; the server prices the cart again
// with the rulebook it trusts and answers whether the two agree. Only a cart whose quote matches should
// go on to payment.
//
//	go run ./examples/server -rulebook ../../examples/rulebook.json -addr :8080
//	curl -d '{"cart": {...}, "quote": {"grand-total": "12.34", ...}}' localhost:8080/checkout/verify
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
	addr := flag.String("addr", ":8080", "listen address")
	cacheDir := flag.String("cache", "", "compilation cache directory (faster restarts)")
	flag.Parse()

	ctx := context.Background()
	rulebook, err := os.ReadFile(*rulebookPath)
	if err != nil {
		log.Fatal(err)
	}
	var opts []kassa.RuntimeOption
	if *cacheDir != "" {
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
