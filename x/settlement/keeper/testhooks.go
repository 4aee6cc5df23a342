package keeper

// testHooks is shared by every copy of the keeper; only this package's tests
// set it (export_test.go), to inject a failure into one EndBlock item.
type testHooks struct {
	failpoint func(step string, id uint64)
}
