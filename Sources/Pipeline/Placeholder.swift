// The Pipeline sources land here.
enum PipelineModule {}
