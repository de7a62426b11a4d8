package container

import "os"

// DefaultImage is the official Apache Kafka image at the classroom's version.
const DefaultImage = "apache/kafka:3.9.1"

// ImageEnv names the environment variable that overrides DefaultImage, for
// example with the image image/build.sh makes where no registry is reachable:
// KAFKACHECK_KAFKA_IMAGE=localhost/kafkacheck-kafka:3.9.1.
const ImageEnv = "KAFKACHECK_KAFKA_IMAGE"

// LocalImage is the name image/build.sh gives the image it builds.
const LocalImage = "localhost/kafkacheck-kafka:3.9.1"

// ResolveImage returns the image to run: flag if set (the CLI's
// --kafka-image), else $KAFKACHECK_KAFKA_IMAGE, else DefaultImage.
func ResolveImage(flag string) string {
	if flag != "" {
		return flag
	}
	if env := os.Getenv(ImageEnv); env != "" {
		return env
	}
	return DefaultImage
}
