// Shared test helpers land here.
enum TestSupportModule {}
