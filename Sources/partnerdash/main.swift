print("partnerdash")
