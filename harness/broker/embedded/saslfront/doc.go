// Package saslfront puts a thin, protocol-aware front between Kafka clients
// and franz-go's kfake broker so that the embedded broker accepts every SASL
// flow the classroom's Apache Kafka 3.9 accepts, and reports who tried to
// authenticate.
//
// kfake serves SaslHandshake v1 only and answers a successful handshake with
// an empty mechanism list. Real Kafka (SaslServerAuthenticator) also serves
// v0, which old clients still use, and always lists its enabled mechanisms.
// Without this front, kafka-python 2.0.x, librdkafka before 2.11.1, sarama
// with SASLHandshakeV0 and kafkajs cannot log in to kfake.
//
// Until a connection has authenticated, the front parses what crosses it:
//
//   - ApiVersions responses advertise SaslHandshake v0–v1, as Kafka does;
//     librdkafka 2.0 refuses to authenticate without v0.
//   - SaslHandshake responses list the enabled mechanisms (kafkajs checks
//     them). A handshake for a mechanism that is not enabled is answered
//     UNSUPPORTED_SASL_MECHANISM and the connection is closed, as Kafka does.
//   - A SaslHandshake v0 request reaches kfake as v1 (the bodies are the
//     same). The client then sends raw SASL tokens, [int32 size][bytes] with
//     no Kafka header; each is framed into a SaslAuthenticate v0 request for
//     kfake, and kfake's answer goes back as a raw token, [int32 size][bytes]
//     (empty for PLAIN). A failed legacy authentication closes the connection
//     without a byte, as Kafka does for clients that cannot read an error.
//   - A failed SaslAuthenticate (v1 flow), which kfake answers by closing the
//     connection, is answered first with SASL_AUTHENTICATION_FAILED and
//     Kafka's error message, so that clients report an authentication error
//     rather than a dropped connection.
//
// Once authentication has completed, bytes pass through untouched, so the
// front costs nothing on the data path. Config.OnAuth observes every attempt,
// legacy or not, with the user name tried but never the password.
//
// Where it departs from Kafka 3.9:
//
//   - After authentication nothing is parsed, so an ApiVersions sent then
//     lists SaslHandshake v1 only, and a SaslHandshake v0 sent then makes kfake
//     close the connection, where Kafka would answer ILLEGAL_SASL_STATE (a v1
//     handshake does get ILLEGAL_SASL_STATE, from kfake).
//   - Kafka delays the close after a failed authentication by
//     connection.failed.authentication.delay.ms (100 ms); the front does not.
//   - Pre-authentication requests and tokens are limited to 512 KiB, Kafka's
//     sasl.server.max.receive.size default; a larger or negative size closes
//     the connection, as in Kafka.
//   - GSSAPI and OAUTHBEARER, and Kafka 0.9's token-without-handshake flow, are
//     not supported, because kfake does not support them either.
package saslfront
