package container

import "flag"

// RegisterFlags registers the container backend's flag on fs, writing into
// cfg: --kafka-image, whose empty default defers to $KAFKACHECK_KAFKA_IMAGE
// and then DefaultImage (see ResolveImage).
func RegisterFlags(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.Image, "kafka-image", "", "Kafka `image` for --backend container (default $"+ImageEnv+", else "+DefaultImage+")")
}
