using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Runtimes;
using Slipway.Testing;

namespace Slipway.Serving.Tests.Runtimes;

public sealed class OnnxModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_signature_is_read_from_the_graph_with_the_batch_dimension_as_minus_one()
    {
        using var model = OnnxModel.Load(Write("linear.onnx", OnnxModelWriter.Linear([0.5f, -1f, 2f, 0.25f], 0.1f)));

        Assert.Equal([new TensorSpec("x", OipDatatypes.Fp32, [-1, 4])], model.Signature.Inputs);
        Assert.Equal([new TensorSpec("y", OipDatatypes.Fp32, [-1, 1])], model.Signature.Outputs);
    }

    [Fact]
    public void A_generated_model_computes_what_its_weights_say()
    {
        using var model = OnnxModel.Load(Write("linear.onnx", OnnxModelWriter.Linear([0.5f, -1f, 2f, 0.25f], 0.1f)));
        var x = new DenseTensor<float>(new float[] { 1, 2, 3, 4, 0, 0, 0, 0 }, [2, 4]);

        using var results = model.Session.Run([NamedOnnxValue.CreateFromTensor("x", x)]);

        var y = results.Single().AsTensor<float>().ToArray();
        Assert.Equal(5.6f, y[0], 5);
        Assert.Equal(0.1f, y[1], 5);
    }

    [Fact]
    public async Task Small_requests_reuse_bound_calls_and_answer_as_large_ones_do_whatever_the_rows_order_and_concurrency()
    {
        float[] weights = [0.5f, -1f, 2f, 0.25f];
        using var model = OnnxModel.Load(Write("linear.onnx", OnnxModelWriter.Linear(weights, 0.1f)));

        // Row counts on both sides of the bound calls' limit, from several threads at once so calls are reused and
        // shared; every answer must be the one the weights give for its own rows.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var rows = (int)(((worker * 300) + i) % (OnnxModel.MaxBoundRows + 3)) + 1;
                var x = Enumerable.Range(0, rows * 4).Select(v => (float)((v * 7) + worker + i) % 11).ToArray();
                var output = Assert.Single(model.Predict([new InferenceTensor("x", OipDatatypes.Fp32, [rows, 4], x)], []));
                Assert.Equal("y", output.Name);
                Assert.Equal([rows, 1L], output.Shape);
                var y = (float[])output.Data;
                for (var r = 0; r < rows; r++)
                {
                    var expected = 0.1f + (x[r * 4] * 0.5f) - x[(r * 4) + 1] + (x[(r * 4) + 2] * 2f) + (x[(r * 4) + 3] * 0.25f);
                    Assert.Equal(expected, y[r], 4);
                }
            }

            return true;
        })));
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Outputs_asked_for_by_name_come_back_alone_from_a_bound_call()
    {
        using var model = OnnxModel.Load(Write("identities.onnx", OnnxModelWriter.Identities([OipDatatypes.Fp32, OipDatatypes.I64, OipDatatypes.Fp64])));

        InferenceTensor[] inputs =
        [
            new("fp64_in", OipDatatypes.Fp64, [1, 2], new double[] { 1.5, -2 }),
            new("fp32_in", OipDatatypes.Fp32, [1, 2], new float[] { 3, 4 }),
            new("int64_in", OipDatatypes.I64, [1, 2], new long[] { long.MaxValue, -7 }),
        ];
        var first = model.Predict(inputs, ["int64_out"]);
        var second = model.Predict(inputs, ["fp64_out", "fp32_out"]);

        Assert.Equal([long.MaxValue, -7L], (long[])Assert.Single(first).Data);
        Assert.Equal(["fp64_out", "fp32_out"], second.Select(t => t.Name));
        Assert.Equal([1.5, -2.0], (double[])second[0].Data);
        Assert.Equal([3f, 4f], (float[])second[1].Data);
        // Each answer owns its arrays: a later call does not change an earlier answer.
        _ = model.Predict([new("fp32_in", OipDatatypes.Fp32, [1, 2], new float[] { 9, 9 }), inputs[0], inputs[2]], []);
        Assert.Equal([3f, 4f], (float[])second[1].Data);
    }

    [Fact]
    public void A_model_whose_output_does_not_follow_the_rows_is_answered_by_the_general_path()
    {
        using var model = OnnxModel.Load(Write("padded.onnx", OnnxModelWriter.Padded(2)));
        Assert.Equal([new TensorSpec("padded", OipDatatypes.Fp32, [-1, 2])], model.Signature.Outputs);

        // Three rows in, four out: a bound call sized for three rows cannot hold them, and every call still answers.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var output = Assert.Single(model.Predict([new InferenceTensor("x", OipDatatypes.Fp32, [3, 2], new float[] { 1, 2, 3, 4, 5, 6 })], []));
            Assert.Equal([4L, 2L], output.Shape);
            Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 0f, 0f], (float[])output.Data);
        }

        var single = Assert.Single(model.Predict([new InferenceTensor("x", OipDatatypes.Fp32, [1, 2], new float[] { 1, 2 })], []));
        Assert.Equal([1f, 2f, 0f, 0f], (float[])single.Data);
    }

    [Fact]
    public void A_file_that_is_not_an_onnx_model_is_refused_naming_it()
    {
        var error = Assert.Throws<SlipwayException>(() => OnnxModel.Load(Write("broken.onnx", "not a model"u8.ToArray())));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("'broken.onnx' is not an ONNX model ONNX Runtime can load", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var error = Assert.Throws<SlipwayException>(() => OnnxModel.Load(Path.Combine(_directory, "nope.onnx")));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
    }

    [Fact]
    public void Every_protocol_datatype_has_an_onnx_element_type_and_back()
    {
        TensorElementType[] types =
        [
            TensorElementType.Bool, TensorElementType.UInt8, TensorElementType.UInt16, TensorElementType.UInt32, TensorElementType.UInt64,
            TensorElementType.Int8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64,
            TensorElementType.Float16, TensorElementType.Float, TensorElementType.Double, TensorElementType.String,
        ];

        Assert.Equal(OipDatatypes.All, types.Select(OipDatatypes.Of));
        Assert.Throws<SlipwayException>(() => OipDatatypes.Of(TensorElementType.BFloat16));
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
