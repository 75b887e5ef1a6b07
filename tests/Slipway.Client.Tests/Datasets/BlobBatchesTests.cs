using Slipway.Client.Datasets;

namespace Slipway.Client.Tests.Datasets;

public sealed class BlobBatchesTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void Files_of_1_MiB_or_more_go_alone_largest_first_and_smaller_ones_share_a_batch()
    {
        var sizes = new long[] { 10, MiB, 3 * MiB, MiB - 1, 0 };

        var jobs = BlobBatches.Plan(sizes, s => s);

        Assert.Equal([(false, 3 * MiB), (false, MiB), (true, 10 + MiB - 1)], jobs.Select(j => (j.IsBatch, j.Bytes)));
        Assert.Equal([10, MiB - 1, 0], jobs[2].Blobs);
    }

    [Fact]
    public void A_batch_holds_at_most_1000_files()
    {
        var jobs = BlobBatches.Plan(Enumerable.Repeat(100L, 2_500), s => s);

        Assert.Equal([1000, 1000, 500], jobs.Select(j => j.Blobs.Count));
        Assert.All(jobs, j => Assert.True(j.IsBatch));
    }

    [Fact]
    public void A_batch_holds_at_most_8_MiB_of_content()
    {
        var jobs = BlobBatches.Plan(Enumerable.Repeat(MiB - 1, 20), s => s);

        Assert.Equal([8, 8, 4], jobs.Select(j => j.Blobs.Count));
        Assert.All(jobs, j => Assert.True(j.Bytes <= BlobBatches.MaxBatchBytes));
        Assert.Equal(20 * (MiB - 1), jobs.Sum(j => j.Bytes));
    }

    [Fact]
    public void Nothing_to_send_makes_no_requests()
    {
        Assert.Empty(BlobBatches.Plan(Array.Empty<long>(), s => s));
    }
}
