// Package tap watches the embedded broker's connections for kafkacheck
// run: a listener below the SASL front (saslfront) that reads each
// connection's requests and answers, and gathers the evidence that
// package diagnose turns into diagnoses: logins, refusals by the ACLs,
// groups joined, client ids, the consumers' fetch positions, and who
// produced which records. Connections of the classroom's admin (the
// harness's own clients) are let through unread.
package tap
