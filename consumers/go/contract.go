package kassa

// The contract this glue was written for. The glue (abi.go, calls.go) is hand-written from wit/kassa.wit, so
// a change to the WIT needs a matching change here; TestWITDigest fails until someone has made it.

// ContractVersion is the version of the kassa:engine WIT package this module binds.
const ContractVersion = "0.1.0"

// witSHA256 is the sha256 of the wit/kassa.wit the glue follows. Update it only after updating the glue.
const witSHA256 = "5d8466ee6418d5a89f41342010e189135bada520ccf1ebf56c4bda9cd05a5937"

// The core module's function names: what `wasm-tools component new` would have wired to the WIT.
const (
	ifaceEngine = "kassa:engine/engine-api@0.1.0"
	ifaceMoney  = "kassa:engine/money@0.1.0"
	ifaceFields = "kassa:engine/fields@0.1.0"
	ifaceMeta   = "kassa:engine/meta@0.1.0"

	// The module that provides the resource intrinsics the core module imports.
	resourceModule = "[export]" + ifaceEngine
	realloc        = "cabi_realloc"
)

// fn identifies one exported core function.
type fn int

const (
	fnLoad fn = iota
	fnQuote
	fnValidate
	fnInfo
	fnDtor
	fnCanonicalDecimal
	fnRound
	fnRoundToIncrement
	fnRoundMoney
	fnCashRound
	fnToMinorUnits
	fnFromMinorUnits
	fnAllocate
	fnAllocateEvenly
	fnCurrencyInfo
	fnValidateField
	fnVersions
	fnTrapForTesting
	numFns
)

// export describes one core function: its name, its core signature (all i32: strings and lists are two
// i32s, enums/bools/u32 one; params beyond 16 flat values are spilled to one pointer; a result wider than
// one flat value comes back as one pointer to a return area), and whether it has a cabi_post_ function.
type export struct {
	name    string
	params  int
	results int
	post    bool
}

var exports = [numFns]export{
	fnLoad:             {ifaceEngine + "#[static]engine.load", 2, 1, true},     // (rulebook string) -> retptr
	fnQuote:            {ifaceEngine + "#[method]engine.quote", 1, 1, true},    // spilled (self, cart) -> retptr
	fnValidate:         {ifaceEngine + "#[method]engine.validate", 1, 1, true}, // spilled (self, order) -> retptr
	fnInfo:             {ifaceEngine + "#[method]engine.info", 1, 1, true},     // (self) -> retptr
	fnDtor:             {ifaceEngine + "#[dtor]engine", 1, 0, false},           // (rep)
	fnCanonicalDecimal: {ifaceMoney + "#canonical-decimal", 2, 1, true},        // (string)
	fnRound:            {ifaceMoney + "#round", 4, 1, true},                    // (string, u32, enum)
	fnRoundToIncrement: {ifaceMoney + "#round-to-increment", 5, 1, true},       // (string, string, enum)
	fnRoundMoney:       {ifaceMoney + "#round-money", 5, 1, true},              // (string, string, enum)
	fnCashRound:        {ifaceMoney + "#cash-round", 5, 1, true},               // (string, string, enum)
	fnToMinorUnits:     {ifaceMoney + "#to-minor-units", 4, 1, true},           // (string, string)
	fnFromMinorUnits:   {ifaceMoney + "#from-minor-units", 4, 1, true},         // (string, string)
	fnAllocate:         {ifaceMoney + "#allocate", 6, 1, true},                 // (string, string, list<string>)
	fnAllocateEvenly:   {ifaceMoney + "#allocate-evenly", 5, 1, true},          // (string, string, u32)
	fnCurrencyInfo:     {ifaceMoney + "#currency-info", 2, 1, true},            // (string)
	fnValidateField:    {ifaceFields + "#validate-field", 6, 1, true},          // (enum, string, option<string>)
	fnVersions:         {ifaceMeta + "#versions", 0, 1, true},                  // () -> retptr
	fnTrapForTesting:   {ifaceMeta + "#trap-for-testing", 0, 0, false},         // ()
}
