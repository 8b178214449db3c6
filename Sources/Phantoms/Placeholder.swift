// The phantom generator lands here.
enum PhantomsModule {}
