package app_test

import (
	"github.com/corridor-chain/corridor/chain/app"
	"github.com/corridor-chain/corridor/chain/app/apptesting"
)

// Shorthands for the shared in-process test helpers.
var (
	testDenom         = apptesting.TestDenom
	votingPeriod      = apptesting.VotingPeriod
	unbondingTime     = apptesting.UnbondingTime
	govAddr           = app.GovAuthority()
	corridorApp       = apptesting.App
	setRelayers       = apptesting.SetRelayers
	passProposal      = apptesting.PassProposal
	newCoordinator    = apptesting.NewCoordinator
	setupTransferPath = apptesting.SetupTransferPath
)
