using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>What an expectation may look at: its table's profile, queries over the table's file, and other versions' profiles.</summary>
internal sealed record ExpectationContext(TableProfile Table, TableScanner Scanner, Func<long, CancellationToken, Task<DatasetProfile>> LoadProfileAsync);
