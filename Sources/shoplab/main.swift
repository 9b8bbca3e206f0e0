print("shoplab")
