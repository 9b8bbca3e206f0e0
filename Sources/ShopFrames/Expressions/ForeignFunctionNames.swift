import ShopCore

/// Function names users bring from pandas, SQL, Excel and R, mapped to what ShopLab calls them.
///
/// Edit distance catches typos (`lowr`), not habits: `to_datetime`, `avg`, `len` or `ifnull`
/// are far from `date`, `mean`, `length` and `coalesce` as strings but mean the same thing.
/// The table is consulted before the typo search, since a habit can sit one edit away from
/// a different function (`ifnull` and `isnull`); none of its keys is a ShopLab name.
public enum ForeignFunctionNames {
  /// The lowercased foreign name → the ShopLab function, or a short sentence when there is
  /// no one-to-one equivalent.
  static let table: [String: String] = [
    // dates and conversions (pandas, SQL, Excel)
    "to_datetime": "date", "to_date": "date", "todate": "date", "datevalue": "date",
    "parse_date": "date", "strptime": "date", "datetime": "date", "timestamp": "date",
    "cast": "int', 'float' or 'string", "to_numeric": "float", "tonumber": "float",
    "number": "float", "numeric": "float", "double": "float", "decimal": "float",
    "integer": "int", "str": "string", "to_char": "string", "text": "string",
    "tostring": "string", "weekday": "dow", "dayofweek": "dow", "day_of_week": "dow",
    "weekofyear": "week", "isoweek": "week", "date_trunc": "trunc", "floor_date": "trunc",
    "startofmonth": "month_start", "first_of_month": "month_start",
    // strings
    "len": "length", "char_length": "length", "strlen": "length", "nchar": "length",
    "lcase": "lower", "tolower": "lower", "lowercase": "lower", "ucase": "upper",
    "toupper": "upper", "uppercase": "upper", "strip": "trim", "btrim": "trim",
    "str_detect": "contains", "instr": "contains", "like": "contains",
    "starts_with": "startswith", "ends_with": "endswith", "substitute": "replace",
    "str_replace": "replace", "paste": "concat", "paste0": "concat", "concatenate": "concat",
    // nulls and conditionals
    "ifnull": "coalesce", "nvl": "coalesce", "fillna": "coalesce",
    "nz": "coalesce", "iif": "if", "ifelse": "if", "if_else": "if", "where": "if",
    "case": "if", "isna": "isnull", "is_null": "isnull", "isblank": "isnull",
    "notna": "notnull", "not_null": "notnull", "is_not_null": "notnull",
    // numbers
    "ln": "log", "fabs": "abs",
    // aggregations
    "avg": "mean", "average": "mean", "total": "sum", "n": "count", "size": "count",
    "count_distinct": "nunique", "n_distinct": "nunique", "countdistinct": "nunique",
    "distinct": "nunique", "stdev": "std", "stddev": "std", "sd": "std",
    "percentile": "quantile", "percentile_cont": "quantile", "quantile_cont": "quantile",
    "first_value": "first", "last_value": "last",
  ]

  /// "did you mean …?" for a name that is a typo of a known function, or a known habit
  /// from another tool; nil when neither applies.
  public static func suggestion(for name: String, known: [String]) -> String? {
    // A known habit first: `ifnull` is one edit from `isnull` but means `coalesce`.
    if let target = table[name.lowercased()] { return "did you mean '\(target)'?" }
    return Suggestions.didYouMean(name, in: known)
  }
}
