package loadgen

import (
	"testing"
	"time"
)

func blocks(txs ...int) Result {
	t0 := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	var r Result
	for i, n := range txs {
		r.Blocks = append(r.Blocks, Block{Height: int64(10 + i), Time: t0.Add(time.Duration(i) * 500 * time.Millisecond), Txs: n})
	}
	return r
}

// The sustained rate leaves out the first and last block (partly outside
// the burst) and divides the inner blocks' transactions by the time from
// the first block's header to the last inner one's.
func TestSustainedCountsOnlyTheInnerBlocks(t *testing.T) {
	r := blocks(7, 100, 100, 100, 3)
	rate, inner, err := r.Sustained(3)
	if err != nil || inner != 3 || rate != 200 { // 300 txs over 1.5 s
		t.Fatalf("rate %v over %d blocks, %v; want 200 over 3", rate, inner, err)
	}
	if _, _, err := r.Sustained(4); err == nil {
		t.Fatal("a burst of 3 inner blocks passed a minimum of 4")
	}
}

// Edges rates the whole inner blocks that hold the first and the last k
// transactions, each over its own span of block time.
func TestEdgesRateTheFirstAndLastTransactions(t *testing.T) {
	r := blocks(1, 50, 60, 100, 100, 200, 9)
	first, last, err := r.Edges(100)
	if err != nil {
		t.Fatal(err)
	}
	if first != 110/1.0 || last != 200/0.5 { // blocks 11-12 (110 txs, 1 s); block 15 (200, 0.5 s)
		t.Fatalf("first %v, last %v; want 110 and 400", first, last)
	}
	if _, _, err := r.Edges(300); err == nil {
		t.Fatal("510 inner transactions passed for two edges of 300")
	}
}
