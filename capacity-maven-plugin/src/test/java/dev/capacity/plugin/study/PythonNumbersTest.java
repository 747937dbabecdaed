package dev.capacity.plugin.study;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonNumbersTest {

  /** Expected strings were printed by CPython 3's repr() for the same bits (given in hex). */
  @ParameterizedTest
  @CsvSource({
    "0x1.0000000000000p+3, 8.0",
    "0x1.8000000000000p+2, 6.0",
    "0x1.6000000000000p+2, 5.5",
    "0x1.999999999999ap-4, 0.1",
    "0x1.4f8b588e368f1p-17, 1e-05",
    "0x1.a36e2eb1c432dp-14, 0.0001",
    "0x1.1c37937e08000p+53, 1e+16",
    "0x1.c6bf526340000p+49, 1000000000000000.0",
    "0x1.0f0cf064dd592p+73, 1e+22",
    "0x1.421f5f40d8376p-23, 1.5e-07",
    "0x1.5555555555555p-2, 0.3333333333333333",
    "0x1.5555555555555p-1, 0.6666666666666666",
    "0x1.3333333333334p-2, 0.30000000000000004",
    "0x1.f67ea69ed3795p+57, 2.82879384806159e+17",
    "0x0.0000000000001p-1022, 5e-324",
    "0x1.fffffffffffffp+1023, 1.7976931348623157e+308",
    "0x1.0000000000000p+53, 9007199254740992.0",
    "0x1.d6f34547df3b6p+26, 123456789.123",
    "0x1.5200000000000p+2, 5.28125",
    "0x1.0000000000000p-4, 0.0625",
    "-0x1.4000000000000p+1, -2.5",
    "0x1.0000000000000p-44, 5.684341886080802e-14",
    "0x1.8e757928e0c9ep-14, 9.5e-05",
    "0x1.18b54f22aeb03p+50, 1234567890123456.8",
    "0x1.5ee2a2eb5a5c4p+53, 1.2345678901234568e+16",
  })
  void reprMatchesCPython(String hex, String python) {
    assertThat(PythonNumbers.repr(Double.parseDouble(hex))).isEqualTo(python);
  }

  @Test
  void specialValues() {
    assertThat(PythonNumbers.repr(0.0)).isEqualTo("0.0");
    assertThat(PythonNumbers.repr(-0.0)).isEqualTo("-0.0");
    assertThat(PythonNumbers.repr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(PythonNumbers.repr(Double.NaN)).isEqualTo("nan");
  }

  @Test
  void probeFoldersPrintQpsAsPythonFloat() {
    assertThat(PythonNumbers.probeFolder(8, 8)).isEqualTo("r8_q8.0");
    assertThat(PythonNumbers.probeFolder(8, 6.0)).isEqualTo("r8_q6.0");
    assertThat(PythonNumbers.probeFolder(8, 5.5)).isEqualTo("r8_q5.5");
    assertThat(PythonNumbers.probeFolder(16, 0.0625)).isEqualTo("r16_q0.0625");
  }

  @Test
  void yamlNumbersKeepIntVersusFloat() {
    assertThat(YamlNumber.ofInt(4).pythonStr()).isEqualTo("4");
    assertThat(YamlNumber.ofFloat(4.0).pythonStr()).isEqualTo("4.0");
    assertThat(YamlNumber.ofFloat(2.0).pythonStr()).isEqualTo("2.0");
  }
}
