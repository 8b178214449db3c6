// The Imaging sources land here.
enum ImagingModule {}
