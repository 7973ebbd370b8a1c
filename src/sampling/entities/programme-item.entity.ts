import { Entity, PrimaryColumn } from 'typeorm';

/** An inspection item a programme covers; a visit checks every item of the programme. */
@Entity('programme_items')
export class ProgrammeItemEntity {
  @PrimaryColumn({ type: 'int' })
  programmeId: number;

  @PrimaryColumn({ type: 'int' })
  itemId: number;
}
