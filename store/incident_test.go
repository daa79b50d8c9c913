package store

import (
	"bytes"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestIncidentSplit checks that the lists live in their own buckets and
// not in the core record.
func TestIncidentSplit(t *testing.T) {
	db := openTest(t)
	inc := fullIncident(t)
	if err := db.CreateIncident(t.Context(), inc); err != nil {
		t.Fatal(err)
	}
	k := idKey(inc.ID)
	db.bolt.View(func(tx *bolt.Tx) error {
		core := tx.Bucket(bucketIncidents).Get(k)
		for _, s := range []string{inc.Roles[0].User, inc.Updates[0].Text, inc.Actions[0].Text, inc.Whys[0], inc.Causes[0].Text} {
			if bytes.Contains(core, []byte(s)) {
				t.Errorf("core record holds %q, which belongs in its own bucket", s)
			}
		}
		for _, b := range [][]byte{bucketRoles, bucketUpdates, bucketActions, bucketAnalysis, bucketReminders} {
			if tx.Bucket(b).Get(k) == nil {
				t.Errorf("bucket %s holds nothing for the incident", b)
			}
		}
		return nil
	})
}
