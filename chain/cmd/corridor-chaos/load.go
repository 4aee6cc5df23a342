package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"sync"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/internal/loadgen"
)

// load is a steady mix of corridor-story DVPs (one co-signed transaction
// each: create, fund both legs, settle) and bank sends, paced at a rate,
// broadcast to one node. It keeps the hash of every transaction the node
// accepted (CheckTx passed) so that each can be found in a block exactly once.
type load struct {
	g          *loadgen.Gen
	lot, quote uint64

	mu       sync.Mutex
	accepted []string
	refused  int
	err      error

	halt chan struct{} // closed by stop: no new transaction starts
	wg   sync.WaitGroup
}

// setupLoad connects to a node and creates the load's lot, money and quote
// for up to n DVPs.
func setupLoad(ctx context.Context, home, grpc, rpc, chainID string, n int) (*loadgen.Gen, uint64, uint64, error) {
	g, err := loadgen.New(ctx, home, grpc, rpc, chainID)
	if err != nil {
		return nil, 0, 0, err
	}
	lot, quote, err := g.Setup(ctx, n)
	if err != nil {
		g.Close()
		return nil, 0, 0, err
	}
	return g, lot, quote, nil
}

// startLoad runs the load at rate transactions per second until stop.
func startLoad(ctx context.Context, g *loadgen.Gen, lot, quote uint64, rate int) *load {
	// stop halts the streams between transactions, never during one: a
	// broadcast cut off after the node accepted it would leave the signer's
	// sequence unknown to the generator
	l := &load{g: g, lot: lot, quote: quote, halt: make(chan struct{})}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	for p, seller := range loadgen.Sellers {
		buyer := loadgen.Buyers[p]
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := 0; ; i++ {
				select {
				case <-ctx.Done():
					return
				case <-l.halt:
					return
				case <-tick.C:
				}
				var (
					h   string
					err error
				)
				if i%2 == 0 {
					h, err = g.Broadcast(ctx, []string{seller, buyer}, g.DVP(seller, buyer, lot, quote))
				} else {
					h, err = g.Broadcast(ctx, []string{seller}, banktypes.NewMsgSend(g.AccAddress(seller), g.AccAddress("validator"),
						sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, int64(1+i)))))
				}
				l.mu.Lock()
				switch {
				case err == nil:
					l.accepted = append(l.accepted, h)
				case ctx.Err() != nil:
				default:
					l.refused++
					if l.err == nil {
						l.err = err
					}
				}
				l.mu.Unlock()
				if err != nil && ctx.Err() == nil {
					return // the stream's sequence is no longer known
				}
			}
		}()
	}
	go func() {
		select {
		case <-ctx.Done():
		case <-l.halt:
		}
		tick.Stop()
	}()
	return l
}

// stop ends the load and returns the accepted hashes.
func (l *load) stop() ([]string, error) {
	close(l.halt)
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.accepted...), l.err
}

// count is how many the node has accepted so far.
func (l *load) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.accepted)
}

// inclusion is where the accepted transactions ended up.
type inclusion struct {
	accepted, once, missing, twice, failed int
	toHeight                               int64
}

// includedOnce reads every block on rpc from `from` until each accepted
// hash has been seen (or the time runs out) and counts how often each
// appears and whether it succeeded.
func includedOnce(ctx context.Context, rpc string, from int64, hashes []string) (inclusion, error) {
	want := make(map[string]int, len(hashes))
	for _, h := range hashes {
		want[h] = 0
	}
	res := inclusion{accepted: len(hashes)}
	seen := 0
	c, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	h := from
	for {
		b, err := blockAt(c, rpc, h)
		if err != nil {
			if seen == len(hashes) || c.Err() != nil {
				break
			}
			time.Sleep(300 * time.Millisecond)
			continue
		}
		var codes []uint32
		if len(b.Txs) > 0 {
			for range 50 {
				if codes, err = txCodes(c, rpc, h); err == nil && len(codes) == len(b.Txs) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if len(codes) != len(b.Txs) {
				return res, fmt.Errorf("no results for block %d", h)
			}
		}
		for i, t := range b.Txs {
			raw, err := base64.StdEncoding.DecodeString(t)
			if err != nil {
				return res, err
			}
			hash := fmt.Sprintf("%X", sha256.Sum256(raw))
			n, ok := want[hash]
			if !ok {
				continue
			}
			if n == 0 {
				seen++
			}
			want[hash] = n + 1
			if codes[i] != 0 {
				res.failed++
			}
		}
		res.toHeight = h
		h++
	}
	for _, n := range want {
		switch {
		case n == 0:
			res.missing++
		case n == 1:
			res.once++
		default:
			res.twice++
		}
	}
	return res, nil
}

func (in inclusion) ok() bool {
	return in.once == in.accepted && in.missing == 0 && in.twice == 0 && in.failed == 0
}

func (in inclusion) String() string {
	return fmt.Sprintf("%d accepted: %d in a block exactly once, %d missing, %d more than once, %d failed (blocks read to %d)",
		in.accepted, in.once, in.missing, in.twice, in.failed, in.toHeight)
}
