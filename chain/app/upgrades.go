package app

import (
	"context"
	"fmt"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// Upgrade is one named software upgrade: its state migrations and the
// stores it adds, renames or deletes.
type Upgrade struct {
	Name          string
	StoreUpgrades storetypes.StoreUpgrades
	Handler       func(app *App) upgradetypes.UpgradeHandler
}

// Upgrades is the list of every upgrade this binary can perform. A new
// release appends here; module migrations run through RunMigrations.
var Upgrades = []Upgrade{
	// v2: x/finance consensus version 2, its loans indexed by status
	// (Migrate1to2). No store is added: the index lives in finance's store.
	{Name: UpgradeV2},
}

// UpgradeV2 is the name of the v2 software upgrade (a governance
// software-upgrade plan and cosmovisor's upgrades/v2 directory carry it).
const UpgradeV2 = "v2"

// defaultUpgradeHandler runs every registered module migration.
func defaultUpgradeHandler(app *App) upgradetypes.UpgradeHandler {
	return func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		return app.ModuleManager.RunMigrations(ctx, app.configurator, fromVM)
	}
}

func (app *App) setUpgradeHandlers() {
	for _, u := range Upgrades {
		h := u.Handler
		if h == nil {
			h = defaultUpgradeHandler
		}
		app.UpgradeKeeper.SetUpgradeHandler(u.Name, h(app))
	}

	plan, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		panic(fmt.Errorf("failed to read upgrade info from disk: %w", err))
	}
	if app.UpgradeKeeper.IsSkipHeight(plan.Height) {
		return
	}
	for _, u := range Upgrades {
		if plan.Name == u.Name {
			su := u.StoreUpgrades
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(plan.Height, &su))
		}
	}
}
