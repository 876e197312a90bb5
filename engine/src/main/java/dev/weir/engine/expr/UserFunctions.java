package dev.weir.engine.expr;

import dev.weir.api.types.DataType;
import java.util.List;

/**
 * Functions defined by the job rather than built in (Python functions). Scalar calls are not
 * compiled into evaluators: {@link ExpressionCompiler#planUserCalls} splits them out so that an
 * operator can evaluate them in batches. Aggregate ones become {@link AggregateFunction}s.
 * Names are compared in upper case, as built-in function names are.
 */
public interface UserFunctions {
    UserFunctions NONE = new UserFunctions() {
        @Override
        public boolean isScalar(String name) {
            return false;
        }

        @Override
        public boolean isAggregate(String name) {
            return false;
        }

        @Override
        public DataType scalarResultType(String name, List<DataType> argumentTypes, String sql) {
            throw new IllegalArgumentException(name);
        }

        @Override
        public AggregateFunction<?> aggregate(String name, List<DataType> argumentTypes, String sql) {
            throw new IllegalArgumentException(name);
        }
    };

    boolean isScalar(String name);

    boolean isAggregate(String name);

    /** Checks the arguments ({@link PlanException} naming {@code sql}) and gives the result type. */
    DataType scalarResultType(String name, List<DataType> argumentTypes, String sql);

    /** The aggregate function for a call with these argument types. */
    AggregateFunction<?> aggregate(String name, List<DataType> argumentTypes, String sql);
}
