print("siamese-report")
