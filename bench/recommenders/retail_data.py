"""Online Retail customers x products as a MovieLens-style file for splits.py.

    python retail_data.py OUT.data [--monthly DIR]

Reads the 13 monthly gzipped CSVs of the UCI Online Retail log (541,909 lines) and keeps the
purchases: a customer id, an invoice that is not a cancellation (C...), quantity > 0 and unit
price > 0. Each (customer, product) pair is one interaction, at its first purchase; the file
is tab-separated `user item rating timestamp` with dense integer ids (products are strings
such as 85123A), rating = units bought of the pair over the whole log.
"""
import argparse
import glob
import os

import pandas as pd


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--monthly", default=os.path.join(here, "../../../shared/data/uci-online-retail/monthly"))
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.monthly, "*.csv.gz")))
    df = pd.concat([pd.read_csv(f, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str}) for f in files])
    df = df[df["CustomerID"].notna() & ~df["InvoiceNo"].str.startswith("C") & (df["Quantity"] > 0) & (df["UnitPrice"] > 0)]
    df["CustomerID"] = df["CustomerID"].str.replace(r"\.0$", "", regex=True)
    df["t"] = pd.to_datetime(df["InvoiceDate"], format="mixed").astype("int64") // 10**9
    df = df.sort_values("t", kind="stable")
    pairs = df.groupby(["CustomerID", "StockCode"], sort=False).agg(rating=("Quantity", "sum"), timestamp=("t", "min")).reset_index()
    pairs["user"] = pd.factorize(pairs["CustomerID"])[0] + 1
    pairs["item"] = pd.factorize(pairs["StockCode"])[0] + 1
    pairs = pairs.sort_values(["timestamp", "user", "item"], kind="stable")
    pairs[["user", "item", "rating", "timestamp"]].to_csv(a.out, sep="\t", header=False, index=False)
    print(f"{len(df):,} purchase lines -> {len(pairs):,} pairs of {pairs.user.nunique():,} customers x {pairs.item.nunique():,} products")


if __name__ == "__main__":
    main()
