package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void lineBreaksAndOtherControlCharactersBecomeVisibleEscapes() {
        assertThat(LogSafe.text("rig1\r\nINFO forged")).isEqualTo("rig1\\r\\nINFO forged");
        assertThat(LogSafe.text("a\tb\u0000c\u001bd\u007fe\u0085f\u2028g\u2029"))
                .isEqualTo("a\\tb\\u0000c\\u001bd\\u007fe\\u0085f\\u2028g\\u2029");
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String name = "bc1qexample.rig-01 ünïcødé ⛏";
        assertThat(LogSafe.text(name)).isSameAs(name);
    }
}
