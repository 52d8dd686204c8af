// Command ttfq prints the grand total of the first quote of a fresh process: what bench/ttfq.py times, from
// exec to exit, with the default options (the compilation cache where KASSA_CACHE_DIR points).
//
//	ttfq RULEBOOK.json CART.json
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

func main() {
	ctx := context.Background()
	rulebook, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	var cart kassa.Cart
	if err := json.Unmarshal(raw, &cart); err != nil {
		log.Fatal(err)
	}
	eng, err := kassa.Load(ctx, rulebook)
	if err != nil {
		log.Fatal(err)
	}
	q, err := eng.Quote(ctx, cart)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(q.GrandTotal)
}
