package types

import (
	"fmt"
	"strconv"
	"strings"

	"cosmossdk.io/collections"
)

const (
	// ModuleName is the module's name, store key and router key.
	ModuleName = "tokenize"
	// StoreKey is the KV store key.
	StoreKey = ModuleName

	// LotDenomPrefix and PackageDenomPrefix start the bank denoms the module mints.
	LotDenomPrefix     = "lot/"
	PackageDenomPrefix = "pkg/"
)

// Store prefixes: numbered once, never reused.
var (
	ParamsKey             = collections.NewPrefix(0)
	ParticipantsKey       = collections.NewPrefix(1)
	ActiveParticipantsKey = collections.NewPrefix(2)
	RoleIndexKey          = collections.NewPrefix(3)
	ClassesKey            = collections.NewPrefix(4)
	LotsKey               = collections.NewPrefix(5)
	LotsByClassKey        = collections.NewPrefix(6)
	LotsByStatusKey       = collections.NewPrefix(7)
	LotsByIssuerKey       = collections.NewPrefix(8)
	LotSeqKey             = collections.NewPrefix(9)
	AttestationsKey       = collections.NewPrefix(10)
	AttestationSeqKey     = collections.NewPrefix(11)
	AttestationDigestsKey = collections.NewPrefix(12)
	StatusChangesKey      = collections.NewPrefix(13)
	StatusChangeSeqKey    = collections.NewPrefix(14)
	HoldsKey              = collections.NewPrefix(15)
	HoldSeqKey            = collections.NewPrefix(16)
	LotHoldsKey           = collections.NewPrefix(17)
	TransferBlocksKey     = collections.NewPrefix(18)
	PackagesKey           = collections.NewPrefix(19)
	PackageSeqKey         = collections.NewPrefix(20)
	PledgesKey            = collections.NewPrefix(21)
	PledgesByLenderKey    = collections.NewPrefix(22)
	PledgesByHolderKey    = collections.NewPrefix(23)
	PledgeSeqKey          = collections.NewPrefix(24)
	ActiveHoldsKey        = collections.NewPrefix(25)
)

// MaxHoldingsLots is how many lots one Holdings query may name.
const MaxHoldingsLots = 32

// LotDenom is the bank denom of a lot's units.
func LotDenom(id uint64) string { return LotDenomPrefix + strconv.FormatUint(id, 10) }

// PackageDenom is the bank denom of a package's shares.
func PackageDenom(id uint64) string { return PackageDenomPrefix + strconv.FormatUint(id, 10) }

// ParseLotDenom returns the lot id of a lot/{id} denom.
func ParseLotDenom(denom string) (uint64, bool) { return parseDenom(denom, LotDenomPrefix) }

// ParsePackageDenom returns the package id of a pkg/{id} denom.
func ParsePackageDenom(denom string) (uint64, bool) { return parseDenom(denom, PackageDenomPrefix) }

func parseDenom(denom, prefix string) (uint64, bool) {
	rest, ok := strings.CutPrefix(denom, prefix)
	if !ok || rest == "" || (len(rest) > 1 && rest[0] == '0') {
		return 0, false
	}
	id, err := strconv.ParseUint(rest, 10, 64)
	if err != nil || id == 0 {
		return 0, false
	}
	return id, true
}

// IsModuleDenom reports whether denom is a lot or package denom; such denoms
// are governed by the module's transfer rules.
func IsModuleDenom(denom string) bool {
	return strings.HasPrefix(denom, LotDenomPrefix) || strings.HasPrefix(denom, PackageDenomPrefix)
}

// AttestationRef names an attestation as a status-change cause.
func AttestationRef(id uint64) string { return fmt.Sprintf("attestation/%d", id) }
