using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Slipway.Core.Errors;
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
