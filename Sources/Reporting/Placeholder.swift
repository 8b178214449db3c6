// The Reporting sources land here.
enum ReportingModule {}
