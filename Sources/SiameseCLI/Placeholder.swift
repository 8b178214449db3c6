// Command-line parsing and dispatch.
enum SiameseCLIModule {}
