package kassa

// Ptr returns a pointer to v, for the optional fields of Cart, Order and Address.
func Ptr[T any](v T) *T { return &v }
