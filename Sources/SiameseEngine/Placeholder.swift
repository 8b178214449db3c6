// The engine's sources land here (issue 3).
enum SiameseEngineModule {}
