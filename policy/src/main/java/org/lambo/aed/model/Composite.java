package org.lambo.aed.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A block made of children whose parameter shapes are all fixed at construction: initialising it initialises every
 * child, whatever the input shapes.
 */
abstract class Composite extends AbstractBlock {
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) child.initialize(manager, dataType, inputShapes);
    }
}
