// The Plotting sources land here.
enum PlottingModule {}
