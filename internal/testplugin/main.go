// Command age-plugin-attunetest is an age plugin for attune's tests only.
// Its identities and recipients carry an ordinary age X25519 key (the
// text of the key is the Bech32 payload), so tests can exercise the whole
// plugin path (attune and the real age CLI launching a plugin) without
// hardware.
//
//	age-plugin-attunetest --generate       print a new identity file
//	age-plugin-attunetest --missing NAME   print an identity of a plugin that does not exist
package main

import (
	"flag"
	"fmt"
	"os"

	"filippo.io/age"
	"filippo.io/age/plugin"
)

func main() {
	p, err := plugin.New("attunetest")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p.RegisterFlags(nil)
	generate := flag.Bool("generate", false, "print a new identity file")
	missing := flag.String("missing", "", "print an identity for a plugin that is not installed")
	flag.Parse()
	switch {
	case *generate:
		id, err := age.GenerateX25519Identity()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("# test identity for attune\n# public key: %s\n%s\n",
			plugin.EncodeRecipient("attunetest", []byte(id.Recipient().String())),
			plugin.EncodeIdentity("attunetest", []byte(id.String())))
		return
	case *missing != "":
		fmt.Println(plugin.EncodeIdentity(*missing, []byte("nothing")))
		return
	}
	p.HandleRecipient(func(data []byte) (age.Recipient, error) {
		return age.ParseX25519Recipient(string(data))
	})
	p.HandleIdentity(func(data []byte) (age.Identity, error) {
		return age.ParseX25519Identity(string(data))
	})
	os.Exit(p.Main())
}
