package keeper

// SetFailpoint makes fn run before every EndBlock item (step, id); a panic
// in fn is the item's panic. nil removes it.
func SetFailpoint(k Keeper, fn func(step string, id uint64)) { k.test.failpoint = fn }
