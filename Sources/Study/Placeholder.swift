// The Study sources land here.
enum StudyModule {}
