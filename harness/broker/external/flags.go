package external

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// PasswordEnv names the environment variable the admin password is read
// from unless --password-env names another. There is deliberately no
// password flag: a command line is visible to every user of the machine (ps)
// and ends up in shell histories.
const PasswordEnv = "KAFKACHECK_SASL_PASSWORD"

// RegisterFlags registers the external backend's flags on fs, writing into
// cfg, spelled as the CLI's client subcommand spells them: --bootstrap,
// --security-protocol, --mechanism, --user, --password-env and
// --allow-write. The password is taken from $KAFKACHECK_SASL_PASSWORD now,
// or from the variable --password-env names when that flag is parsed.
func RegisterFlags(fs *flag.FlagSet, cfg *Config) {
	cfg.Password = os.Getenv(PasswordEnv)
	fs.Func("bootstrap", "external cluster's seed `addresses`, HOST:PORT[,HOST:PORT...]", func(s string) error {
		cfg.Bootstrap = nil
		for _, a := range strings.Split(s, ",") {
			if a = strings.TrimSpace(a); a != "" {
				cfg.Bootstrap = append(cfg.Bootstrap, a)
			}
		}
		return nil
	})
	fs.StringVar(&cfg.SecurityProtocol, "security-protocol", "SASL_PLAINTEXT", "external cluster's security `protocol`: SASL_PLAINTEXT or PLAINTEXT")
	fs.StringVar(&cfg.Mechanism, "mechanism", classroom.Plain, "external cluster's SASL `mechanism`: "+classroom.MechanismChoices())
	fs.StringVar(&cfg.User, "user", classroom.AdminUser, "external cluster's admin `user`")
	fs.Func("password-env", "environment `variable` holding the admin password (default $"+PasswordEnv+")", func(name string) error {
		p, ok := os.LookupEnv(name)
		if !ok {
			return fmt.Errorf("%s is not set", name)
		}
		cfg.Password = p
		return nil
	})
	fs.BoolVar(&cfg.AllowWrite, "allow-write", false, "let kafkacheck create missing classroom topics and ACLs, delete the team groups and recreate the topics it created")
}
