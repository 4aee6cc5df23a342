package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key and router key. x/finance
	// holds no coins: principal moves bank to borrower, repayments payer to
	// lender, and the collateral sits in x/tokenize's pledge escrow.
	ModuleName = "finance"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
)

// Store prefixes: numbered once, never reused.
var (
	ParamsKey                 = collections.NewPrefix(0)
	DeclarationsKey           = collections.NewPrefix(1)
	DeclarationByNumberKey    = collections.NewPrefix(2)
	DeclarationsByExporterKey = collections.NewPrefix(3)
	DeclarationsByLotKey      = collections.NewPrefix(4)
	DeclarationSeqKey         = collections.NewPrefix(5)
	ApplicationsKey           = collections.NewPrefix(6)
	ApplicationsByBankKey     = collections.NewPrefix(7)
	ApplicationsByBorrowerKey = collections.NewPrefix(8)
	ApplicationSeqKey         = collections.NewPrefix(9)
	LoansKey                  = collections.NewPrefix(10)
	LoansByLenderKey          = collections.NewPrefix(11)
	LoansByBorrowerKey        = collections.NewPrefix(12)
	LoansByDeclarationKey     = collections.NewPrefix(13)
	LoanSeqKey                = collections.NewPrefix(14)
	// LoansByStatusKey: (status, loan id), since consensus version 2 (the
	// v1 to v2 migration builds it for the loans a v1 store holds).
	LoansByStatusKey = collections.NewPrefix(15)
)

// NumberKey is the unique key of a declaration: jurisdiction and number.
func NumberKey(jurisdiction, number string) string { return jurisdiction + "|" + number }
